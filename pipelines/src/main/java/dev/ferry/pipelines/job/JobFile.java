package dev.ferry.pipelines.job;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.schemas.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads a job file strictly: an unknown key, a wrong type, a missing required key, a missing
 * environment variable or a YAML syntax error is one {@link JobException} line naming the file, the
 * line and the key. Values substituted from the environment never appear in those messages.
 *
 * <pre>{@code
 * Job job = JobFile.load(Path.of("examples/quickstart.yaml"), System.getenv());
 * }</pre>
 */
public final class JobFile {

  private static final Pattern MISSING_PROPERTY =
      Pattern.compile("Missing required creator property '([^']+)'");

  private JobFile() {}

  public static Job load(Path file, Map<String, String> environment) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new JobException("job file not found: " + file);
    } catch (IOException e) {
      throw new JobException("cannot read job file " + file + ": " + e.getMessage());
    }
    return parse(text, file.toString(), environment);
  }

  /** Parses job-file text; {@code name} is what messages call the file. */
  public static Job parse(String text, String name, Map<String, String> environment) {
    if (text.isBlank()) {
      throw new JobException(name + ": the job file is empty; see examples/quickstart.yaml");
    }
    Set<String> substituted = new HashSet<>();
    YAMLMapper mapper = mapper(environment, substituted);
    try {
      Job job = mapper.readValue(text, Job.class);
      if (job == null) {
        throw new JobException(name + ": the job file is empty; see examples/quickstart.yaml");
      }
      JobChecks.check(job, name);
      return job;
    } catch (JobException e) {
      throw new JobException(mask(e.getMessage(), substituted));
    } catch (JsonProcessingException e) {
      throw new JobException(mask(describe(e, name, text), substituted));
    }
  }

  private static YAMLMapper mapper(Map<String, String> environment, Set<String> substituted) {
    EnvironmentStrings strings = new EnvironmentStrings(environment, substituted);
    SimpleModule module = new SimpleModule("ferry-environment");
    module.addDeserializer(String.class, strings);
    module.addDeserializer(Secret.class, strings.secrets());
    return YAMLMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .addModule(module)
        .build();
  }

  private static String describe(JsonProcessingException e, String name, String text) {
    String where =
        e.getLocation() == null || e.getLocation().getLineNr() < 1
            ? name
            : name + " line " + e.getLocation().getLineNr();
    MarkedYAMLException yaml = yamlCause(e);
    if (yaml != null) {
      // Where the broken construct starts (an unclosed quote's opening line) beats where the
      // parser gave up (often the end of the file).
      var mark = yaml.getContextMark() != null ? yaml.getContextMark() : yaml.getProblemMark();
      int line = mark == null ? -1 : mark.getLine() + 1;
      return (line > 0 ? name + " line " + line : where)
          + ": not valid YAML: "
          + firstLine(yaml.getProblem())
          + (yaml.getContext() == null ? "" : " (" + firstLine(yaml.getContext()) + ")");
    }
    if (e instanceof JsonParseException) {
      return where + ": not valid YAML: " + firstLine(e.getOriginalMessage());
    }
    if (!(e instanceof JsonMappingException m)) {
      return where + ": " + firstLine(e.getOriginalMessage());
    }
    String path = path(m);
    if (e instanceof UnrecognizedPropertyException u) {
      // Jackson reports records' unknown keys after reading their values: find the key itself.
      int line = lineOfKey(text, u.getPropertyName());
      if (line > 0) {
        where = name + " line " + line;
      }
      String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
      String known =
          u.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      return where
          + ": unknown key '"
          + u.getPropertyName()
          + "'"
          + (parent.isEmpty() ? "" : " in " + parent)
          + " (known keys: "
          + known
          + ")";
    }
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      String allowed =
          Arrays.stream(f.getTargetType().getEnumConstants())
              .map(c -> c.toString().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      return where + ": " + path + ": '" + f.getValue() + "' is not one of " + allowed;
    }
    Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(e.getOriginalMessage()));
    if (missing.find()) {
      return where
          + ": "
          + (path.isEmpty() ? "" : path + ": ")
          + "missing required key '"
          + missing.group(1)
          + "'";
    }
    if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      String message = firstLine(e.getOriginalMessage());
      if (message.startsWith("environment variable")) {
        return where + ": " + path + ": " + message;
      }
      return where + ": " + path + ": expected " + typeName(mi.getTargetType()) + " here";
    }
    return where + ": " + (path.isEmpty() ? "" : path + ": ") + firstLine(e.getOriginalMessage());
  }

  /** SnakeYAML's own report, which says what is wrong and where, wherever Jackson wrapped it. */
  private static MarkedYAMLException yamlCause(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof MarkedYAMLException m) {
        return m;
      }
    }
    return null;
  }

  /** The line of {@code key:} in {@code text}, or -1 when it is not there exactly once. */
  private static int lineOfKey(String text, String key) {
    Pattern p = Pattern.compile("^[\\s-]*['\"]?" + Pattern.quote(key) + "['\"]?\\s*:");
    String[] lines = text.split("\n", -1);
    int found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (p.matcher(lines[i]).find()) {
        if (found > 0) {
          return -1;
        }
        found = i + 1;
      }
    }
    return found;
  }

  private static String typeName(Class<?> type) {
    if (type == String.class || type == Secret.class) {
      return "a text value";
    }
    if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping (key: value lines)";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(c -> c.toString().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    return type.getSimpleName();
  }

  private static String path(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  private static String mask(String message, Set<String> secrets) {
    String out = message;
    for (String s : secrets) {
      out = out.replace(s, "******");
    }
    return out;
  }
}
