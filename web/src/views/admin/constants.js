// The admin screens' fixed values, as the API spells them.

export const ROLES = Object.freeze({ AGENT: 'AGENT', ADMIN: 'ADMIN' });

/** Meta's throughput tiers in messages per second (the API takes 80 to 1000; 80 is the default). */
export const MPS_TIERS = Object.freeze([80, 1000]);

/** Template statuses (Meta's spelling) offered in the filter, and each one's badge colour. */
export const TEMPLATE_STATUS_TONE = Object.freeze({
  APPROVED: 'good',
  PENDING: 'wait',
  IN_APPEAL: 'wait',
  REJECTED: 'bad',
  PAUSED: 'warn',
  DISABLED: 'bad',
});
