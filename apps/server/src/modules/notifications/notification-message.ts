import type { Alert } from '@dtwin/contracts/alerts';
import type { NotificationMessage } from './channel-sender';

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/** The text people receive for an alert: what, where, how bad, since when, and its id. */
export function alertNotification(
  alert: Alert,
  kind: 'raise' | 'escalation',
  now: number,
): NotificationMessage {
  const severity = alert.severity.toUpperCase();
  const escalation = kind === 'escalation';
  const subject = `${escalation ? '[ESCALATION] ' : ''}[${severity}] ${alert.rule_name} on ${alert.device_id}`;
  const lines = [
    alert.message,
    '',
    `Device:    ${alert.device_id}`,
    `Rule:      ${alert.rule_name} (#${alert.rule})`,
    `Severity:  ${alert.severity}`,
    `Value:     ${alert.value}`,
    `Since:     ${alert.started_at}`,
    `State:     ${alert.state}`,
    `Alert:     #${alert.id}${alert.group_id ? ` (group ${alert.group_id})` : ''}`,
  ];
  if (escalation) {
    lines.unshift(`Not acknowledged after ${minutes(now - Date.parse(alert.started_at))}.`, '');
  }
  return { event: escalation ? 'alert.escalated' : 'alert.raised', subject, text: lines.join('\n'), alert };
}

export function testNotification(channelName: string, now: number): NotificationMessage {
  return {
    event: 'test',
    subject: `[TEST] Digital Twin notification channel "${channelName}"`,
    text: `This is a test message sent at ${new Date(now).toISOString()} to check the channel "${channelName}". No action is needed.`,
    alert: null,
  };
}
