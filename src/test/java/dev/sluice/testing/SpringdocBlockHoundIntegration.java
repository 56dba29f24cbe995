package dev.sluice.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Allows the blocking reads that springdoc and Swagger UI make of their own classpath and jar resources on an event
 * loop, once or per static file. Each rule names the exact method; Sluice's own file I/O stays checked by
 * {@link FileIoBlockHoundIntegration}.
 */
public final class SpringdocBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // The first /v3/api-docs request builds the document: springdoc scans the classpath (directories and jars)
        // for @OpenAPIDefinition and @SecurityScheme classes. Later requests are answered from its cache.
        builder.allowBlockingCallsInside("org.springdoc.core.service.OpenAPIService", "build");
        // Serving a static resource from the classpath (Swagger UI's webjar) first checks that it is readable, which
        // opens its jar (a stat) on the event loop. Stored objects never go through Spring's Resource types, so this
        // does not cover them.
        builder.allowBlockingCallsInside("org.springframework.core.io.AbstractFileResolvingResource", "checkReadable");
        // springdoc fills in Swagger UI's swagger-initializer.js (the document's URL and settings) from the copy in
        // the webjar, read whole with a blocking read of that jar.
        builder.allowBlockingCallsInside("org.springdoc.ui.AbstractSwaggerIndexTransformer", "readFullyAsString");
    }
}
