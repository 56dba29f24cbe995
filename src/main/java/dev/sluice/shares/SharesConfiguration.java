package dev.sluice.shares;

import dev.sluice.security.ServerSecret;
import dev.sluice.storage.ObjectStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShareProperties.class)
class SharesConfiguration {

    /** The clock links expire by; tests may replace it. */
    @Bean
    @ConditionalOnMissingBean(name = "sharesClock")
    Clock sharesClock() {
        return Clock.systemUTC();
    }

    @Bean
    ShareRecords shareRecords(ObjectStore store, JsonMapper json) {
        return new ShareRecords(store, json);
    }

    @Bean
    ShareLinks shareLinks(
            ServerSecret secret, ShareRecords records, Clock sharesClock, dev.sluice.security.Callers callers) {
        return new ShareLinks(secret, records, sharesClock, new CreatorRights(callers));
    }
}
