package dev.sluice.locks;

import dev.sluice.storage.ObjectStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class LocksConfiguration {

    @Bean
    Locks sluiceLocks(ObjectStore store, JsonMapper json) {
        return new Locks(store, json, Clock.systemUTC());
    }

    @Bean
    LockGuard sluiceLockGuard(Locks locks) {
        return new LockGuard(locks);
    }
}
