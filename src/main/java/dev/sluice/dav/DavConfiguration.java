package dev.sluice.dav;

import dev.sluice.locks.Locks;
import dev.sluice.storage.ObjectStore;
import dev.sluice.upload.UploadService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DavProperties.class)
class DavConfiguration {

    @Bean
    DavResources davResources(ObjectStore store) {
        return new DavResources(store);
    }

    @Bean
    DavLocking davLocking(Locks locks, DavResources resources) {
        return new DavLocking(locks, resources);
    }

    @Bean
    DavBodies davBodies(DavProperties properties) {
        return new DavBodies(properties);
    }

    @Bean
    DeadProperties davDeadProperties(ObjectStore store, JsonMapper json) {
        return new DeadProperties(store, json);
    }

    @Bean
    DeadPropertiesCompanion davDeadPropertiesCompanion(DeadProperties deadProperties) {
        return new DeadPropertiesCompanion(deadProperties);
    }

    @Bean
    DavLockMethods davLockMethods(
            DavLocking locking,
            DavResources resources,
            DavBodies bodies,
            UploadService uploads,
            DavProperties properties) {
        return new DavLockMethods(locking, resources, bodies, uploads, properties);
    }

    @Bean
    DavTreeMethods davTreeMethods(
            ObjectStore store,
            DavResources resources,
            DavLocking locking,
            DavBodies bodies,
            DeadProperties deadProperties) {
        return new DavTreeMethods(store, resources, locking, bodies, deadProperties);
    }

    @Bean
    DavCopyMove davCopyMove(
            ObjectStore store,
            DavResources resources,
            DavLocking locking,
            DeadProperties deadProperties,
            DavTreeMethods tree) {
        return new DavCopyMove(store, resources, locking, deadProperties, tree);
    }
}
