# How each job is submitted with `flink run`: the jar (in /opt/flink/jobs/ of the image), the main class when it is
# not the jar's default, and the job's arguments. The Makefile includes this file and the end-to-end test reads it,
# so the two cannot drift apart. Keep the form `<job>.<key> = <value>`, one line each.
#
# Addresses and credentials are not here: jobs read them from the environment of the process that runs
# `flink run` (KAFKA_BOOTSTRAP_SERVERS, JDBC_URL, JDBC_USER, JDBC_PASSWORD, SINK_DIR), which docker compose sets on
# the jobmanager container and the end-to-end test sets on its own client.

char-count.jar = job-char-count.jar
char-count.args = --topic flink-topic --checkpoint-interval 5s

word-count.jar = job-wordcount.jar
word-count.args = --topic words --checkpoint-interval 5s

flight-generator.jar = job-flight-importer.jar
flight-generator.main = io.github.flinkjobs.flightimporter.FlightDataGenerator
flight-generator.args = --skyone-topic skyone --sunset-topic sunset --rate 10

flight-importer.jar = job-flight-importer.jar
flight-importer.args = --skyone-topic skyone --sunset-topic sunset --output-topic flightdata --checkpoint-interval 5s

usage-stats.jar = job-usage-stats.jar
usage-stats.args = --input-topic flightdata --output-topic userstatistics --checkpoint-interval 5s
