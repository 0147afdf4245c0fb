/**
 * The form a user name is compared in: Unicode NFKC (so full-width `Ａｄｍｉｎ` is `Admin`) and
 * lower case (so `Admin`, `ADMIN` and `admin` are one account). Unique in the database.
 */
export const usernameKey = (username: string): string => username.trim().normalize('NFKC').toLowerCase();
