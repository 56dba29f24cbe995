package dev.sluice.zipdownload;

import dev.sluice.security.ServerSecret;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ZipProperties.class)
class ZipConfiguration {

    @Bean
    ZipLinks zipLinks(ServerSecret secret, JsonMapper json) {
        return new ZipLinks(secret, json);
    }
}
