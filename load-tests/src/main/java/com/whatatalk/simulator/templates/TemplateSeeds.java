package com.whatatalk.simulator.templates;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The templates every simulated WABA starts with: one per status (approved, pending, rejected,
 * paused, disabled), positional and named parameters, text and image headers, quick-reply, URL,
 * phone and catalog buttons. Names used by Meta's own send examples (hello_world,
 * sample_issue_resolution, intro_catalog_offer) are seeded so that those examples are accepted.
 */
final class TemplateSeeds {
  private TemplateSeeds() {}

  static List<Template> all() {
    List<Template> t = new ArrayList<>();
    t.add(positional("1000000000000001", "hello_world", "en_US", "APPROVED", "UTILITY",
        comps(header("Hello World"), body("Welcome and congratulations!! This message demonstrates"
            + " your ability to send a WhatsApp message notification from the Cloud API."),
            footer("WhatsApp Business Platform sample message"))));
    t.add(positional("1000000000000002", "hello_world", "es", "APPROVED", "UTILITY",
        comps(body("¡Hola Mundo! Bienvenido a la Cloud API."))));
    String orderBody = "Hi {{1}}, your order total is {{2}}, to be delivered on {{3}}.";
    t.add(positional("1000000000000003", "order_summary", "en_US", "APPROVED", "UTILITY",
        comps(body(orderBody))));
    t.add(positional("1000000000000004", "order_summary_image", "en_US", "APPROVED", "UTILITY",
        comps(mediaHeader("IMAGE"), body(orderBody))));
    t.add(positional("1000000000000005", "order_summary_actions", "en_US", "APPROVED",
        "MARKETING", comps(mediaHeader("IMAGE"), body(orderBody),
            buttons(quickReply("Track order"), quickReply("Unsubscribe")))));
    t.add(positional("1000000000000006", "sample_issue_resolution", "en_US", "APPROVED",
        "UTILITY", comps(body("Hi {{1}}, were we able to solve the issue that you were facing?"),
            buttons(quickReply("Yes"), quickReply("No")))));
    t.add(positional("1000000000000007", "intro_catalog_offer", "en_US", "APPROVED", "MARKETING",
        comps(body("Now shop for your favourite products right here on WhatsApp! Get Rs {{1}} off"
                + " on all orders above {{2}}Rs! Valid for your first {{3}} orders placed on"
                + " WhatsApp!"),
            buttons(button("CATALOG", "View catalog")))));
    t.add(named("1387372356726668", "reservation_confirmation", "en_US", "APPROVED", "UTILITY",
        comps(mediaHeader("IMAGE"),
            body("*You're all set!*\n\nYour reservation for {{number_of_guests}} is confirmed"
                + " for {{day}}, {{date}}, at {{time}}. See you then!"),
            footer("Lucky Shrub Eatery: The Luckiest Eatery in Town!"),
            buttons(url("Change reservation", "https://www.luckyshrubeater.com/reservations"),
                phone("Call us", "+16467043595"), quickReply("Cancel reservation")))));
    t.add(positional("1304694804498707", "coupon_expiration_reminder_number_vars", "en",
        "APPROVED", "MARKETING",
        comps(header("Act fast, {{1}}!"),
            body("Your coupon code, {{1}}, *expires in only {{2}} days!*"),
            footer("Lucky Shrub Succulents"),
            buttons(url("See deals", "https://www.luckyshrub.com/deals"),
                quickReply("Unsubscribe")))));
    t.add(positional("1000000000000010", "order_tracking", "en_US", "APPROVED", "UTILITY",
        comps(body("Your order {{1}} has shipped."),
            buttons(url("Track", "https://shop.example.com/track/{{1}}")))));
    t.add(named("1000000000000011", "appointment_reminder", "pt_BR", "APPROVED", "UTILITY",
        comps(body("Olá {{first_name}}, sua consulta é amanhã às {{time}}."))));
    t.add(positional("1000000000000012", "welcome_offer", "en_US", "PENDING", "MARKETING",
        comps(body("Welcome {{1}}! Here is 10% off your first order."))));
    t.add(positional("1000000000000013", "promo_rejected", "en_US", "REJECTED", "MARKETING",
        comps(body("BUY NOW!!! {{1}}"))));
    t.add(positional("1000000000000014", "seasonal_sale", "en_US", "PAUSED", "MARKETING",
        comps(body("Our seasonal sale starts today, {{1}}!"))));
    t.add(positional("1000000000000015", "legacy_discount", "en_US", "DISABLED", "MARKETING",
        comps(body("Your discount code is {{1}}."))));
    return t;
  }

  private static Template positional(String id, String name, String lang, String status,
      String category, ArrayNode components) {
    return new Template(id, name, lang, status, category, "POSITIONAL", components);
  }

  private static Template named(String id, String name, String lang, String status,
      String category, ArrayNode components) {
    return new Template(id, name, lang, status, category, "NAMED", components);
  }

  private static ArrayNode comps(ObjectNode... parts) {
    ArrayNode a = Json.array();
    for (ObjectNode p : parts) {
      a.add(p);
    }
    return a;
  }

  private static ObjectNode header(String text) {
    ObjectNode h = Json.object().put("type", "HEADER").put("format", "TEXT").put("text", text);
    if (!Template.placeholders(text).isEmpty()) {
      h.putObject("example").putArray("header_text").add("Pablo");
    }
    return h;
  }

  private static ObjectNode mediaHeader(String format) {
    ObjectNode h = Json.object().put("type", "HEADER").put("format", format);
    h.putObject("example").putArray("header_handle")
        .add("https://scontent.whatsapp.net/v/t61.29466-34/sample.jpg");
    return h;
  }

  private static ObjectNode body(String text) {
    return Json.object().put("type", "BODY").put("text", text);
  }

  private static ObjectNode footer(String text) {
    return Json.object().put("type", "FOOTER").put("text", text);
  }

  private static ObjectNode buttons(ObjectNode... buttons) {
    ObjectNode c = Json.object().put("type", "BUTTONS");
    ArrayNode a = c.putArray("buttons");
    for (ObjectNode b : buttons) {
      a.add(b);
    }
    return c;
  }

  private static ObjectNode button(String type, String text) {
    return Json.object().put("type", type).put("text", text);
  }

  private static ObjectNode quickReply(String text) {
    return button("QUICK_REPLY", text);
  }

  private static ObjectNode url(String text, String url) {
    return button("URL", text).put("url", url);
  }

  private static ObjectNode phone(String text, String number) {
    return button("PHONE_NUMBER", text).put("phone_number", number);
  }
}
