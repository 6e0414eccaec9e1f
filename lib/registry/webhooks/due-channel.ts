/**
 * The PostgreSQL notification channel on which a transaction that wrote webhook
 * deliveries wakes the delivery workers at its commit (record-history.ts notifies,
 * lib/webhooks/due-listener.ts listens; decision 082). Only a hint: workers also poll.
 */
export const DUE_CHANNEL = "mreg_webhook_due";
