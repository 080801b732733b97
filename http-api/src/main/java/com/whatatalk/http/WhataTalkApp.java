package com.whatatalk.http;

import com.typesafe.config.Config;
import com.whatatalk.engine.CassandraSchema;
import com.whatatalk.engine.auth.AuthService;
import com.whatatalk.engine.auth.FirstAdmin;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.engine.contacts.Contacts;
import com.whatatalk.engine.numbers.PhoneNumber;
import com.whatatalk.engine.templates.TemplateLibrary;
import com.whatatalk.http.contacts.ContactRoutes;
import com.whatatalk.http.contacts.ContactsHttpSettings;
import com.whatatalk.http.templates.TemplateRoutes;
import com.whatatalk.engine.cloudapi.CloudApiWhatsAppClient;
import com.whatatalk.engine.cloudapi.WhatsAppClient;
import com.whatatalk.engine.conversation.Conversation;
import com.whatatalk.engine.inbox.InboxProjection;
import com.whatatalk.engine.inbox.InboxRepository;
import com.whatatalk.engine.media.MediaUploads;
import com.whatatalk.engine.media.CassandraMediaFetchLog;
import com.whatatalk.engine.media.CassandraMediaStore;
import com.whatatalk.engine.media.InboundMediaFetcher;
import com.whatatalk.engine.media.MediaStore;
import com.whatatalk.engine.outbound.OutboundSender;
import com.whatatalk.engine.outbound.OutboundSettings;
import com.whatatalk.engine.health.Readiness;
import com.whatatalk.engine.webhook.WebhookIntake;
import com.whatatalk.http.auth.AgentRoutes;
import com.whatatalk.http.auth.AuthHttpSettings;
import com.whatatalk.http.auth.AuthRoutes;
import com.whatatalk.http.auth.Authentication;
import com.whatatalk.http.auth.PhoneNumberRoutes;
import com.whatatalk.http.conversations.ConversationRoutes;
import com.whatatalk.http.conversations.ConversationsSettings;
import com.whatatalk.http.conversations.MediaDownloadRoutes;
import com.whatatalk.http.conversations.MediaRoutes;
import com.whatatalk.http.health.HealthRoutes;
import com.whatatalk.http.openapi.OpenApiRoutes;
import com.whatatalk.engine.live.LiveEvents;
import com.whatatalk.http.live.LiveRoutes;
import com.whatatalk.http.webhook.WebhookSettings;
import com.whatatalk.http.webhook.WhatsAppWebhookRoutes;
import com.whatatalk.http.web.WebRoutes;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Wires one WhataTalk node, in order: schema (local runs), actor system and cluster, the
 * conversation entities, the business numbers, the outbound senders (at each number's mps), the
 * inbox read side, the inbound media fetcher, users and sessions (with the first admin), then the
 * HTTP server. Only wiring lives here; every resource registers its own shutdown.
 */
public record WhataTalkApp(ActorSystem<Void> system, ServerBinding binding) {

  public static CompletionStage<WhataTalkApp> start(Config config) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "whatatalk", config);
    if (config.getBoolean("whatatalk.cassandra.schema-autocreate")) {
      CassandraSchema.create(system).toCompletableFuture().join();
    }
    joinCluster(system, config);
    LiveEvents live = LiveEvents.get(system); // this node's topic subscription, before entities publish
    Conversation.init(system);
    WhatsAppClient client = CloudApiWhatsAppClient.create(system);
    PhoneNumbers numbers = PhoneNumbers.create(system).toCompletableFuture().join();
    numbers.ensure(config.getString("crm.engine.phone-numbers.ensure")).toCompletableFuture().join();
    OutboundSettings outbound = OutboundSettings.create(system);
    // A number sends at the mps its admin set (PUT /api/phone-numbers/{id}), read at each send;
    // the configured rate applies only to a number not registered.
    OutboundSender.init(
        system,
        client,
        outbound,
        id -> numbers.find(id).map(PhoneNumber::mps).orElseGet(() -> outbound.mpsFor(id)));
    InboxRepository inbox = InboxProjection.init(system);
    MediaStore media = CassandraMediaStore.create(system);
    InboundMediaFetcher.init(system, client, media, CassandraMediaFetchLog.create(system));
    AuthService auth = AuthService.create(system);
    FirstAdmin.ensure(auth).toCompletableFuture().join();
    Authentication authentication = new Authentication(auth, AuthHttpSettings.create(config));
    Contacts contacts = Contacts.create(system, inbox);
    // The WABAs of the numbers configured at each round, so a number added later is synced too.
    TemplateLibrary templates =
        TemplateLibrary.start(
            system, client, () -> numbers.list().stream().map(PhoneNumber::wabaId).toList());

    HttpSettings httpSettings = HttpSettings.create(config);
    Readiness readiness = Readiness.create(system, httpSettings.askTimeout());
    WebhookSettings webhookSettings = WebhookSettings.create(config);
    WebhookIntake intake = new WebhookIntake(system, httpSettings.askTimeout(), templates);
    ConversationsSettings conversations = ConversationsSettings.create(config);
    Route routes =
        Directives.concat(
            // Webhooks first: the hot path, and Meta's bodies meet no other route's limits.
            new WhatsAppWebhookRoutes(webhookSettings, intake).route(),
            new HealthRoutes(readiness).route(),
            new OpenApiRoutes().route(),
            new AuthRoutes(authentication).route(),
            new AgentRoutes(authentication).route(),
            new PhoneNumberRoutes(authentication, numbers).route(),
            new LiveRoutes(authentication, live).route(),
            new ContactRoutes(authentication, contacts, ContactsHttpSettings.create(config)).route(),
            new TemplateRoutes(authentication, templates, numbers).route(),
            new ConversationRoutes(authentication, inbox, numbers, templates, system, client, conversations, pnid -> OutboundSender.ensure(system, pnid)).route(),
            new MediaRoutes(authentication, numbers, new MediaUploads(client, media, system), conversations).route(),
            new MediaDownloadRoutes(authentication, numbers, media).route(),
            // Last: the web inbox, for GET of any path the API does not own.
            new WebRoutes().route());
    Route sealed =
        Directives.handleExceptions(
            ApiErrors.exceptionHandler(),
            () -> Directives.handleRejections(ApiErrors.rejectionHandler(), () -> routes));

    return HttpServer.start(sealed, httpSettings, system)
        .thenApply(binding -> new WhataTalkApp(system, binding))
        .whenComplete(
            (app, failure) -> {
              if (failure != null) {
                system.terminate();
              }
            });
  }

  /** Seed nodes from configuration, or this node alone when there are none. */
  private static void joinCluster(ActorSystem<Void> system, Config config) {
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  public String url() {
    return HttpServer.url(binding);
  }
}
