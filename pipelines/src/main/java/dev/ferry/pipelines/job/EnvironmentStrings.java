package dev.ferry.pipelines.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.ferry.schemas.Secret;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads job-file strings with {@code ${NAME}} replaced from the environment ({@code $${} stays a
 * literal {@code ${}}). A missing variable is an error naming it and where it is used; values
 * substituted into secret-looking keys (password, key, token…) are remembered so error messages can
 * mask them.
 */
final class EnvironmentStrings extends StdScalarDeserializer<String> {
  private static final long serialVersionUID = 1L;
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|secret|token|key|credential).*");

  private final transient Map<String, String> environment;
  private final transient Set<String> substituted;

  EnvironmentStrings(Map<String, String> environment, Set<String> substituted) {
    super(String.class);
    this.environment = environment;
    this.substituted = substituted;
  }

  @Override
  public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken token = p.currentToken();
    if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
      return (String) ctxt.handleUnexpectedToken(String.class, p);
    }
    String text = p.getValueAsString();
    return text == null ? null : expand(text, p);
  }

  /** The same expansion for {@link Secret} values. */
  StdScalarDeserializer<Secret> secrets() {
    EnvironmentStrings strings = this;
    return new StdScalarDeserializer<>(Secret.class) {
      private static final long serialVersionUID = 1L;

      @Override
      public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = strings.deserialize(p, ctxt);
        return value == null ? null : Secret.of(value);
      }
    };
  }

  private static boolean isSecretKey(String key) {
    return key != null && SECRET_KEY.matcher(key).matches();
  }

  private String expand(String text, JsonParser p) throws IOException {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "${";
      } else {
        replacement = environment.get(m.group(1));
        if (replacement == null) {
          throw JsonMappingException.from(
              p,
              "environment variable "
                  + m.group(1)
                  + " is not set (export it, or write $${ for a literal ${)");
        }
        if (!replacement.isEmpty() && isSecretKey(p.currentName())) {
          substituted.add(replacement);
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
