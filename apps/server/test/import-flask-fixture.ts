import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { readVector } from './support/vectors';

interface WerkzeugVector {
  password: string;
  hash: string;
}

interface StorageVector {
  desc: string;
  stored_column_value: string;
  data_hash: string;
  integrity_check_passes_on_read: boolean;
}

const werkzeug = (readVector('werkzeug.json') as { vectors: WerkzeugVector[] }).vectors;
export const storage = readVector('app_storage.json') as {
  meta: { fernet_key_used: string };
  fernet_storage_vectors: StorageVector[];
};

const byHash = (prefix: string, password: string) => {
  const found = werkzeug.find((v) => v.hash.startsWith(prefix) && v.password === password);
  if (!found) throw new Error(`no werkzeug vector ${prefix} for ${password}`);
  return found;
};

/** Users of the original system, with hashes werkzeug made, and the passwords they log in with. */
export const flaskUsers = [
  {
    username: 'alice',
    role: 'operator',
    email: 'alice@plant.example',
    ...byHash('pbkdf2:sha256:260000$', 'correct horse battery staple'),
  },
  { username: 'bob', role: 'admin', email: null, ...byHash('sha256$', 'correct horse battery staple') },
  { username: 'carol', role: null, email: 'carol@plant.example', ...byHash('pbkdf2:sha1:1000$', 'password') },
  {
    username: 'dora',
    role: 'user',
    email: null,
    ...byHash('scrypt:32768:8:1$NkqDq8zpD4n3F2VS$', 'pässwörd'),
  },
];

/** Rows that must be skipped, each for its own reason. */
export const refusedUsers = [
  {
    username: 'mallory',
    hash: '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    reason: /werkzeug format/,
  },
  { username: 'bad name!', hash: byHash('sha1$', 'password').hash, reason: /not allowed/ },
];

/** users.db as the original made it (secure_database_manager.init_users_db), plus the columns of a fork: role, last_login. */
export function buildUsersDb(
  file: string,
  options: { withRoleColumn?: boolean; includeAdmin?: boolean } = {},
): void {
  const db = new SQLite(file);
  const extra = options.withRoleColumn === false ? '' : ', role TEXT, last_login TIMESTAMP';
  db.exec(`CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT UNIQUE NOT NULL,
    password_hash TEXT NOT NULL,
    email TEXT UNIQUE,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP${extra}
  )`);
  const columns =
    options.withRoleColumn === false
      ? '(username, password_hash, email)'
      : '(username, password_hash, email, role)';
  const insert = db.prepare(
    `INSERT INTO users ${columns} VALUES (${options.withRoleColumn === false ? '?, ?, ?' : '?, ?, ?, ?'})`,
  );
  const add = (...values: unknown[]) =>
    insert.run(...(options.withRoleColumn === false ? values.slice(0, 3) : values));
  for (const u of flaskUsers) add(u.username, u.hash, u.email, u.role);
  for (const u of refusedUsers) add(u.username, u.hash, null, null);
  if (options.includeAdmin) add('admin', byHash('sha1$', 'password').hash, null, 'admin');
  db.close();
}

/**
 * The data database: the device registry and health_data holding every storage vector as a
 * record of DEV-001 (a temperature sensor), one record whose hash was altered, and one whose
 * ciphertext was damaged.
 */
export function buildDataDb(file: string): { records: number; expectedOk: number } {
  const db = new SQLite(file);
  db.exec(`CREATE TABLE health_data (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id TEXT NOT NULL,
    timestamp DATETIME NOT NULL,
    encrypted_data TEXT NOT NULL,
    data_hash TEXT NOT NULL,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
  )`);
  db.exec(`CREATE TABLE device_registry (
    device_id TEXT PRIMARY KEY,
    device_name TEXT NOT NULL,
    device_type TEXT NOT NULL,
    location TEXT,
    status TEXT DEFAULT 'active',
    encrypted_config TEXT,
    last_seen DATETIME,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP
  )`);
  const vectors = storage.fernet_storage_vectors;
  db.prepare(
    'INSERT INTO device_registry (device_id, device_name, device_type, location, encrypted_config) VALUES (?, ?, ?, ?, ?)',
  ).run('DEV-001', 'Boiler room thermometer', 'temperature', 'Boiler room', vectors[0]!.stored_column_value);
  db.prepare(
    'INSERT INTO device_registry (device_id, device_name, device_type, location) VALUES (?, ?, ?, ?)',
  ).run('DEV-002', 'Flux capacitor', 'flux', null);
  const insert = db.prepare(
    'INSERT INTO health_data (device_id, timestamp, encrypted_data, data_hash) VALUES (?, ?, ?, ?)',
  );
  vectors.forEach((v, i) =>
    insert.run(
      'DEV-001',
      `2025-03-0${1 + (i % 9)} 10:${String(i).padStart(2, '0')}:00.123456`,
      v.stored_column_value,
      v.data_hash,
    ),
  );
  const typical = vectors[0]!;
  insert.run('DEV-001', '2025-03-10 10:00:00', typical.stored_column_value, '0'.repeat(64)); // tampered hash
  insert.run(
    'DEV-001',
    '2025-03-10 10:01:00',
    `${typical.stored_column_value.slice(0, 60)}AAAA${typical.stored_column_value.slice(64)}`,
    typical.data_hash,
  ); // damaged
  db.close();
  return {
    records: vectors.length + 2,
    expectedOk: vectors.filter((v) => v.integrity_check_passes_on_read).length,
  };
}

export function writeFlaskKey(dir: string): string {
  const file = path.join(dir, 'flask-encryption.key');
  fs.writeFileSync(file, storage.meta.fernet_key_used, { mode: 0o600 });
  return file;
}
