package io.github.flinkjobs.core.config;

/** The delivery guarantee of a Kafka sink, as written on the command line ({@code --delivery-guarantee}). */
public enum DeliveryGuarantees {
    /** Fire and forget: records may be lost or duplicated. */
    NONE,
    /** Records are flushed on checkpoints; a failure may duplicate records written since the last checkpoint. */
    AT_LEAST_ONCE,
    /** Records are written in Kafka transactions committed on checkpoints; read them with read_committed. */
    EXACTLY_ONCE
}
