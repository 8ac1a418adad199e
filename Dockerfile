# The suite's Flink image: flink:2.2.1-java17 with every job jar in /opt/flink/jobs/.
# docker compose builds it (make build); `docker build -t flink-jobs:0.1.0 .` works too.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

FROM flink:2.2.1-java17
# Checkpoints and savepoints live on the named volume mounted at /flink-data; a fresh named volume takes over the
# ownership of this directory, so the flink user (uid 9999) can write there.
RUN mkdir -p /flink-data/checkpoints /flink-data/savepoints /opt/flink/sink /opt/flink/jobs \
    && chown -R flink:flink /flink-data /opt/flink/sink /opt/flink/jobs
COPY --from=build --chown=flink:flink /src/job-*/target/job-*.jar /opt/flink/jobs/
