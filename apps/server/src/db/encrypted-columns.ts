/**
 * Every column that holds Fernet tokens. Key rotation re-encrypts exactly these, so a new
 * encrypted column must be listed here.
 */
export const encryptedColumns = [
  { table: 'users', key: 'id', column: 'email_enc' },
  { table: 'notification_channels', key: 'id', column: 'secret_enc' },
  { table: 'connectors', key: 'id', column: 'secret_enc' },
] as const;
