package com.whatatalk.engine.live;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;

/**
 * The frames of one socket: subscribes to the node's {@link LiveHub} when materialized,
 * unsubscribes when stopped. The hub's frames arrive as async callbacks (never blocking the hub)
 * into a {@link SocketBuffer} that drops-and-resyncs on overflow. With a {@link SessionGuard},
 * the session is re-checked every {@code checkInterval} (one check at a time) and at its expiry;
 * when it has ended the socket gets {@code {"type":"session_ended"}} and the source completes,
 * which closes the WebSocket.
 */
final class LiveSocketSource extends GraphStage<SourceShape<String>> {
  static final String SESSION_ENDED = LiveJson.control("session_ended", null);

  private static final String CHECK = "check";
  private static final String EXPIRY = "expiry";

  private final Outlet<String> out = Outlet.create("LiveSocket.out");
  private final SourceShape<String> shape = SourceShape.of(out);
  private final ActorRef<LiveHub.Command> hub;
  private final String since;
  private final String phoneNumberId;
  private final int bufferSize;
  private final SessionGuard guard;
  private final Duration checkInterval;
  private final Clock clock;

  LiveSocketSource(
      ActorRef<LiveHub.Command> hub,
      String since,
      String phoneNumberId,
      int bufferSize,
      SessionGuard guard,
      Duration checkInterval,
      Clock clock) {
    this.hub = hub;
    this.since = since;
    this.phoneNumberId = phoneNumberId;
    this.bufferSize = bufferSize;
    this.guard = guard;
    this.checkInterval = checkInterval;
    this.clock = clock;
  }

  @Override
  public SourceShape<String> shape() {
    return shape;
  }

  private record Frame(String position, String frame) {}

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private final SocketBuffer buffer = new SocketBuffer(bufferSize);
      private LiveHub.Subscriber subscriber;
      private AsyncCallback<Boolean> onChecked;
      private boolean checking;
      private boolean ending;

      {
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                deliver();
              }
            });
      }

      @Override
      public void preStart() {
        AsyncCallback<List<String>> onStart =
            createAsyncCallback(
                frames -> {
                  buffer.start(frames);
                  deliver();
                });
        AsyncCallback<Frame> onFrame =
            createAsyncCallback(
                f -> {
                  if (!ending) {
                    buffer.offer(f.position(), f.frame());
                    deliver();
                  }
                });
        subscriber =
            new LiveHub.Subscriber() {
              @Override
              public void start(List<String> frames) {
                onStart.invoke(frames);
              }

              @Override
              public void offer(String position, String frame) {
                onFrame.invoke(new Frame(position, frame));
              }
            };
        onChecked =
            createAsyncCallback(
                valid -> {
                  checking = false;
                  if (!valid) {
                    end();
                  }
                });
        hub.tell(new LiveHub.Subscribe(subscriber, since, phoneNumberId));
        if (guard != null) {
          Duration left = Duration.between(clock.instant(), guard.endsAt());
          scheduleOnce(EXPIRY, left.isNegative() ? Duration.ZERO : left);
          scheduleWithFixedDelay(CHECK, checkInterval, checkInterval);
        }
      }

      @Override
      public void onTimer(Object key) {
        if (EXPIRY.equals(key)) {
          end();
        } else if (CHECK.equals(key) && !checking) {
          checking = true;
          guard
              .stillValid()
              .whenComplete(
                  (valid, failure) -> onChecked.invoke(failure != null || Boolean.TRUE.equals(valid)));
        }
      }

      private void end() {
        if (!ending) {
          ending = true;
          buffer.clear();
          deliver();
        }
      }

      private void deliver() {
        if (!isAvailable(out)) {
          return;
        }
        if (ending) {
          push(out, SESSION_ENDED);
          completeStage();
          return;
        }
        String next = buffer.poll();
        if (next != null) {
          push(out, next);
        }
      }

      @Override
      public void postStop() {
        if (subscriber != null) {
          hub.tell(new LiveHub.Unsubscribe(subscriber));
        }
      }
    };
  }
}
