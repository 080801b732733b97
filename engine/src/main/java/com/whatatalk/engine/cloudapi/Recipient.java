package com.whatatalk.engine.cloudapi;

/**
 * Who a message goes to: a phone number or WhatsApp id (Meta's {@code to}), or a business-scoped
 * user id for customers who hide their number behind a username (whatsapp-cloud-api.md §4.9).
 */
public sealed interface Recipient {

  /** The id as the request carries it. */
  String value();

  /** A phone number ({@code +16505551234}) or a {@code wa_id}; sent as {@code to}. */
  record Phone(String value) implements Recipient {}

  /**
   * A BSUID ({@code US.13491208655302741918}), sent as {@code recipient}. That field name comes
   * from a BSP's copy of Meta's business-scoped user id page (dualhook.com, "BSUID API and sending
   * changes": "Messages API requests add recipient"; {@code to} wins when both are present); our
   * reference marks it unconfirmed, so check it against Meta before relying on it.
   */
  record BusinessScopedUserId(String value) implements Recipient {}

  static Recipient phone(String value) {
    return new Phone(value);
  }

  static Recipient bsuid(String value) {
    return new BusinessScopedUserId(value);
  }
}
