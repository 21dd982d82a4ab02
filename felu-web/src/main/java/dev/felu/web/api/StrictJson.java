package dev.felu.web.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * The API's JSON-B: as JSON-B's defaults, except that a number is read into a {@code Long} or
 * {@code Integer} field only when it is exactly a whole number in that type's range. By default a
 * TTL of {@code 18446744073709551916} wrapped around to 300 and {@code 3.9} became 3, silently;
 * here both are refused ({@link NumberOutOfRange}, a 400 problem naming the field).
 */
@Provider
public class StrictJson implements ContextResolver<Jsonb> {
  private final Jsonb jsonb =
      JsonbBuilder.create(
          new JsonbConfig().withDeserializers(new LongReader(), new IntegerReader()));

  @Override
  public Jsonb getContext(Class<?> type) {
    return jsonb;
  }

  /** A number the field's type cannot hold exactly. */
  public static final class NumberOutOfRange extends JsonbException {
    private static final long serialVersionUID = 1L;

    NumberOutOfRange(String message) {
      super(message);
    }
  }

  /** Reads a {@code Long} (JSON-B picks a deserializer by the type it declares). */
  static final class LongReader implements JsonbDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
      return whole(parser, Long.MIN_VALUE, Long.MAX_VALUE).longValueExact();
    }
  }

  /** Reads an {@code Integer}. */
  static final class IntegerReader implements JsonbDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
      return whole(parser, Integer.MIN_VALUE, Integer.MAX_VALUE).intValueExact();
    }
  }

  /** The current value as a whole number within [min, max], or a refusal that says so. */
  static BigDecimal whole(JsonParser parser, long min, long max) {
    JsonValue v = parser.getValue();
    NumberOutOfRange refused =
        new NumberOutOfRange("expected a whole number from " + min + " to " + max);
    if (!(v instanceof JsonNumber n)) {
      throw refused;
    }
    BigDecimal d = n.bigDecimalValue();
    // digits before the point first: 1e1000000000 must not be expanded to be found too large
    if (d.precision() - d.scale() > 19) {
      throw refused;
    }
    BigDecimal whole = d.stripTrailingZeros();
    if (whole.scale() > 0
        || whole.compareTo(BigDecimal.valueOf(min)) < 0
        || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw refused;
    }
    return whole.setScale(0);
  }
}
