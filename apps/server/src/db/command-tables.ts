/** Commands to devices (migration 016). Times are epoch milliseconds; `params` and `result` are JSON. */
export interface DeviceCommandsTable {
  id: string;
  device_id: string;
  name: string;
  params: string;
  status: string;
  timeout_s: number;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  delivered_at: number | null;
  /** `delivered_at + timeout_s`: when a delivered command that got no answer times out. */
  deadline_at: number | null;
  completed_at: number | null;
  result: string | null;
  message: string | null;
}
