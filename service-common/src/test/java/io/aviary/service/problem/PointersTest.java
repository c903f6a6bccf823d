package io.aviary.service.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointersTest {

  @ParameterizedTest
  @CsvSource({
    "organizationName, organization_name",
    "email, email",
    "ttlSeconds, ttl_seconds",
    "maxMessagesPerSecond, max_messages_per_second"
  })
  void componentNamesBecomeJsonNames(String component, String json) {
    assertThat(Pointers.snakeCase(component)).isEqualTo(json);
  }

  @ParameterizedTest
  @CsvSource({"a/b, a~1b", "a~b, a~0b", "plain, plain"})
  void referenceTokensAreEscaped(String raw, String escaped) {
    assertThat(FieldError.escape(raw)).isEqualTo(escaped);
  }
}
