# The docker compose stack: build, run, submit jobs, inspect. `make help` lists the targets.
# Submit arguments live in deploy/jobs.mk, shared with the end-to-end test.

include deploy/jobs.mk

COMPOSE ?= docker compose
FLINK := $(COMPOSE) exec jobmanager flink
JOBS_DIR := /opt/flink/jobs
SAVEPOINTS := /flink-data/savepoints
JOB_NAMES := char-count word-count flight-generator flight-importer usage-stats
KAFKA_BIN := $(COMPOSE) exec -T kafka /opt/kafka/bin

.PHONY: help build up down generate list cancel stop psql topics logs feed-chars feed-words \
	$(addprefix submit-,$(JOB_NAMES)) $(addprefix resume-,$(JOB_NAMES))

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' Makefile | sed -E 's/^([^:]+):.*## /\1\t/'
	@echo "submit-<job>	submit a job with the arguments of deploy/jobs.mk (extra options in ARGS); jobs: $(JOB_NAMES)"
	@echo "resume-<job>	the same, from the newest retained checkpoint or savepoint of the job, or from SAVEPOINT=<path>"

.env:
	cp .env.example .env
	@echo "Created .env from .env.example: change POSTGRES_PASSWORD there."

build: .env ## build the image with every job jar
	$(COMPOSE) build

up: .env ## start Kafka, PostgreSQL, the Flink cluster and the Kafka UI; wait until they are healthy
	$(COMPOSE) up -d --build --wait

down: ## stop the stack (add ARGS=-v to delete the volumes too)
	$(COMPOSE) down $(ARGS)

# submit-<job>: `flink run -d` of that job with the arguments of deploy/jobs.mk (extra ones in ARGS).
$(addprefix submit-,$(JOB_NAMES)): submit-%:
	$(FLINK) run -d $(if $($*.main),-c $($*.main)) $(JOBS_DIR)/$($*.jar) $($*.args) $(ARGS)

# resume-<job>: the same submission, started from SAVEPOINT (a savepoint or a retained checkpoint) or, without it,
# from the newest retained checkpoint or savepoint that belongs to the job (--resume latest; see docs/operations.md).
$(addprefix resume-,$(JOB_NAMES)): resume-%:
	$(FLINK) run -d $(if $($*.main),-c $($*.main)) $(JOBS_DIR)/$($*.jar) $($*.args) --resume $(or $(SAVEPOINT),latest) $(ARGS)

generate: ## start the flight data generator (10 bookings per second per feed; RECORDS=n to stop after n)
	$(MAKE) submit-flight-generator ARGS="$(if $(RECORDS),--records $(RECORDS)) $(ARGS)"

list: ## list running and scheduled jobs with their ids
	$(FLINK) list

cancel: ## cancel JOB=<id> without a savepoint
	@test -n "$(JOB)" || { echo "usage: make cancel JOB=<id from make list>"; exit 2; }
	$(FLINK) cancel $(JOB)

stop: ## stop JOB=<id> with a savepoint (printed; resume with make resume-<job> SAVEPOINT=...)
	@test -n "$(JOB)" || { echo "usage: make stop JOB=<id from make list>"; exit 2; }
	$(FLINK) stop --savepointPath $(SAVEPOINTS) $(JOB)

psql: ## open psql on the jobs' database
	$(COMPOSE) exec postgres sh -c 'psql -U "$$POSTGRES_USER" -d "$$POSTGRES_DB"'

topics: ## list the Kafka topics
	$(KAFKA_BIN)/kafka-topics.sh --bootstrap-server kafka:19092 --list

logs: ## follow the logs of the stack (one service: make logs SERVICE=taskmanager)
	$(COMPOSE) logs -f $(SERVICE)

feed-chars: ## send test-data/messages.txt to the char-count topic, one message per line
	$(KAFKA_BIN)/kafka-console-producer.sh --bootstrap-server kafka:19092 --topic flink-topic < test-data/messages.txt

feed-words: ## send test-data/words.txt to the word-count topic, one line per message
	$(KAFKA_BIN)/kafka-console-producer.sh --bootstrap-server kafka:19092 --topic words < test-data/words.txt
