package io.aviary.tenant.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTokenTest {

  @Test
  void generatedKeysParseBack() {
    ApiKeyToken key = ApiKeyToken.generate();
    assertThat(key.reveal()).matches("avk_[a-z2-7]{8}_[a-z2-7]{40}");
    ApiKeyToken parsed = ApiKeyToken.parse(key.reveal()).orElseThrow();
    assertThat(parsed.id()).isEqualTo(key.id());
    assertThat(parsed.hash()).isEqualTo(key.hash());
    assertThat(key.toString()).doesNotContain(key.reveal().substring(13));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "avk_",
        "avk_abcdefgh",
        "avk_abcdefgh_",
        "avk_ABCDEFGH_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "avk_abcdefgh-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "xyz_abcdefgh_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "avk_abcdefgh_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1",
        "avk_abcdefgh_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void malformedKeysDoNotParse(String text) {
    assertThat(ApiKeyToken.parse(text)).isEmpty();
  }
}
