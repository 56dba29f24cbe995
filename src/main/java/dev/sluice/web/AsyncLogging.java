package dev.sluice.web;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * Puts every appender Spring Boot configured on the root logger behind a Logback {@link AsyncAppender}, right after
 * Boot sets logging up: a log call on an event loop then only enqueues, so a slow terminal or pipe never blocks a
 * request. {@code neverBlock}: when the queue is full, events are dropped rather than waited for. Done in code
 * rather than in a {@code logback-spring.xml} so that Boot's own choices (structured JSON with
 * {@code logging.structured.format.console}, log files) stay intact. Registered in {@code META-INF/spring.factories}.
 */
public class AsyncLogging implements GenericApplicationListener {

    private static final int QUEUE_SIZE = 8192;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging system: leave it alone
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> synchronous = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (!(appender instanceof AsyncAppender)) {
                synchronous.add(appender);
            }
        }
        for (Appender<ILoggingEvent> appender : synchronous) {
            AsyncAppender async = new AsyncAppender();
            async.setContext(context);
            async.setName("ASYNC_" + appender.getName());
            async.setQueueSize(QUEUE_SIZE);
            async.setDiscardingThreshold(0);
            async.setNeverBlock(true);
            async.addAppender(appender);
            async.start();
            root.detachAppender(appender);
            root.addAppender(async);
        }
    }
}
