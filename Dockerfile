# syntax=docker/dockerfile:1
# Build: the Maven wrapper on a Temurin 17 JDK; dependencies are a layer of their own so code changes rebuild fast.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/sluice-*.jar extract --layers --launcher --destination target/extracted

# Run: a Temurin 17 JRE, the Spring Boot layers (least to most often changed), a non-root user, /data as a volume.
FROM eclipse-temurin:17-jre
RUN groupadd --system sluice \
 && useradd --system --gid sluice --home-dir /app --shell /usr/sbin/nologin sluice \
 && mkdir -p /data \
 && chown sluice:sluice /data
WORKDIR /app
COPY --from=build /build/target/extracted/dependencies/ ./
COPY --from=build /build/target/extracted/spring-boot-loader/ ./
COPY --from=build /build/target/extracted/snapshot-dependencies/ ./
COPY --from=build /build/target/extracted/application/ ./
USER sluice
VOLUME ["/data"]
EXPOSE 8080
ENV SLUICE_STORAGE_ROOT=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
# No curl in the JRE image: ask the readiness endpoint over bash's /dev/tcp.
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
