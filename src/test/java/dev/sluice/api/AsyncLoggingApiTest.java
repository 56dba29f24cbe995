package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.sluice.testing.ApiTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Log calls on the request path only enqueue: every root appender of the running server is asynchronous. */
class AsyncLoggingApiTest extends ApiTestSupport {

    @Test
    void everyRootAppenderIsANeverBlockingAsyncAppender() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).isNotEmpty().allSatisfy(appender -> {
            assertThat(appender).isInstanceOf(AsyncAppender.class);
            assertThat(((AsyncAppender) appender).isNeverBlock()).isTrue();
        });
    }
}
