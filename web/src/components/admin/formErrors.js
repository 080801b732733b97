/**
 * An API refusal split for a form: `fields` (field -> message, from `validation_failed`, or the
 * email's `conflict` on `conflictField`) and `message` for anything not tied to a field.
 */
export function formErrors(error, conflictField = null) {
  if (error?.code === 'validation_failed' && error.fields && Object.keys(error.fields).length) {
    return { fields: { ...error.fields }, message: '' };
  }
  if (error?.code === 'conflict' && conflictField) {
    return { fields: { [conflictField]: error.message }, message: '' };
  }
  return { fields: {}, message: error?.message || 'Something went wrong' };
}
