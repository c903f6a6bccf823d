package io.aviary.kafka;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link EmbeddedKafka} field of a {@code @QuarkusTest} that {@link KafkaResource} fills,
 * so the test can stop and restart the broker under the application.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafka {}
