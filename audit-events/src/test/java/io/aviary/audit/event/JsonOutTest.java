package io.aviary.audit.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written JSON is what Jackson reads back, for every string and number. */
class JsonOutTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain/topic-1",
        "quote \" backslash \\ slash /",
        "line\nfeed\r\ntab\tbell\u0007nul\u0000unit\u001f",
        "\b\f",
        "é ü ß",
        "€ ✓ 中文",
        "emoji 😀 and 𝄞",
        "del \u007f and c1 \u0085",
        "\u2028\u2029"
      })
  void aStringReadsBackAsItWasWritten(String value) throws IOException {
    assertThat(roundTrip(value)).isEqualTo(value);
  }

  @Test
  void controlCharactersAreEscapedNeverWrittenRaw() {
    JsonOut out = new JsonOut(0, false);
    out.string("a\u0001\n\"\\");

    assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("\"a\\u0001\\n\\\"\\\\\"");
  }

  @Test
  void loneSurrogatesBecomeTheReplacementCharacterAndTheOutputStaysValidUtf8() throws IOException {
    for (String broken : new String[] {"a\uD800", "\uDC00b", "\uD800\uD800\uDC00", "x\uDBFF"}) {
      JsonOut out = new JsonOut(0, false);
      out.string(broken);
      byte[] bytes = out.toByteArray();

      assertThat(strictUtf8(bytes)).isTrue();
      assertThat(roundTrip(broken)).isEqualTo(replacingLoneSurrogates(broken));
    }
  }

  @Test
  void randomStringsReadBackWithTheirLoneSurrogatesReplaced() throws IOException {
    SplittableRandom random = new SplittableRandom(20261202);
    for (int round = 0; round < 2000; round++) {
      char[] chars = new char[random.nextInt(40)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] =
            switch (random.nextInt(4)) {
              case 0 -> (char) random.nextInt(0x80);
              case 1 -> (char) random.nextInt(0x800);
              case 2 -> (char) (0xD800 + random.nextInt(0x800)); // surrogates, paired or not
              default -> (char) random.nextInt(0x10000);
            };
      }
      String value = new String(chars);
      assertThat(roundTrip(value)).as("round %d", round).isEqualTo(replacingLoneSurrogates(value));
    }
  }

  @Test
  void keptEncodingsWriteTheSameBytesAsFreshOnes() {
    String[] strings = new String[1000]; // more than are kept: some are evicted, some collide
    for (int i = 0; i < strings.length; i++) {
      strings[i] = (i % 3 == 0 ? "é\n\"" : "") + "value-" + i + "x".repeat(i % 70);
    }
    JsonOut kept = new JsonOut(0, true);
    JsonOut fresh = new JsonOut(0, false);
    for (JsonOut out : new JsonOut[] {kept, fresh}) {
      SplittableRandom order = new SplittableRandom(7); // the same documents in both
      for (int document = 0; document < 200; document++) {
        out.startObject();
        for (int field = 0; field < 10; field++) {
          out.name(strings[order.nextInt(40)]); // names come back often
          out.startArray();
          out.string(strings[order.nextInt(strings.length)]);
          out.string(strings[order.nextInt(40)]);
          out.endArray();
        }
        out.endObject();
        out.lineEnd((byte) '\n');
      }
    }

    assertThat(kept.toByteArray()).isEqualTo(fresh.toByteArray());
  }

  @Test
  void numbersBooleansNullAndUuids() throws IOException {
    UUID id = EventIds.next();
    JsonOut out = new JsonOut(0, false);
    out.startObject();
    out.name("min");
    out.number(Long.MIN_VALUE);
    out.name("max");
    out.number(Long.MAX_VALUE);
    out.name("zero");
    out.number(0);
    out.name("minus");
    out.number(-42);
    out.name("yes");
    out.bool(true);
    out.name("no");
    out.bool(false);
    out.name("none");
    out.nullValue();
    out.name("id");
    out.uuid(id);
    out.name("list");
    out.startArray();
    out.string("a");
    out.string("b");
    out.endArray();
    out.name("empty");
    out.startObject();
    out.endObject();
    out.endObject();

    JsonNode read = SchemaFixture.JSON.readTree(out.toByteArray());

    assertThat(read.get("min").longValue()).isEqualTo(Long.MIN_VALUE);
    assertThat(read.get("max").longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(read.get("zero").longValue()).isZero();
    assertThat(read.get("minus").longValue()).isEqualTo(-42);
    assertThat(read.get("yes").booleanValue()).isTrue();
    assertThat(read.get("no").booleanValue()).isFalse();
    assertThat(read.get("none").isNull()).isTrue();
    assertThat(read.get("id").textValue()).isEqualTo(id.toString());
    assertThat(read.get("list").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(read.get("empty").size()).isZero();
    assertThat(read.size()).isEqualTo(10);
  }

  @Test
  void clearKeepsNothingOfTheDocumentBefore() throws IOException {
    JsonOut out = new JsonOut(0, false);
    out.startObject();
    out.name("a");
    out.string("x".repeat(1000));
    out.endObject();
    out.clear();
    out.startObject();
    out.name("b");
    out.number(1);
    out.endObject();

    assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":1}");
  }

  private static String roundTrip(String value) throws IOException {
    JsonOut out = new JsonOut(0, false);
    out.startObject();
    out.name(value);
    out.string(value);
    out.endObject();
    JsonNode read = SchemaFixture.JSON.readTree(out.toByteArray());
    String name = read.fieldNames().next();
    assertThat(name).isEqualTo(read.get(name).textValue());
    return read.get(name).textValue();
  }

  /** What the JDK's UTF-8 encoder makes of {@code value} when told to replace with U+FFFD. */
  private static String replacingLoneSurrogates(String value) throws CharacterCodingException {
    ByteBuffer bytes =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .replaceWith("\uFFFD".getBytes(StandardCharsets.UTF_8))
            .encode(CharBuffer.wrap(value));
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }

  private static boolean strictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
