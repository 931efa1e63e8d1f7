package dev.ferry.schemas.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.ferry.schemas.SourceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line for a driver failure: which server, which login, what went wrong and what to do. The
 * driver hides passwords in its own messages ({@code password=<hidden>}); as a second guard every
 * line is scrubbed of the password before it leaves. Public for the tools beside ferry that talk to
 * MongoDB with a {@link MongoLogin} (testkit's {@code DemoServers} loads example data with it).
 */
public final class MongoErrors {

  /** MongoDB's "Unauthorized" error code: the login lacks a privilege. */
  public static final int UNAUTHORIZED = 13;

  /** The last cause in the driver's cluster description, e.g. {@code ConnectException: refused}. */
  private static final Pattern CAUSE =
      Pattern.compile("(?:caused by|exception)=? ?\\{(?:([\\w.$]+): )?([^{}]*)\\}");

  private MongoErrors() {}

  /**
   * A {@link SourceException} for {@code e}, raised while doing {@code action} (e.g. "list the
   * collections of crm").
   */
  public static SourceException describe(MongoLogin login, String action, RuntimeException e) {
    String line;
    if (e instanceof MongoTimeoutException) {
      line =
          "mongodb: cannot reach "
              + login.hosts()
              + reason(e.getMessage())
              + ": check the host and port in "
              + login.displayUrl()
              + " and that the server runs";
    } else if (e instanceof MongoSecurityException) {
      line =
          "mongodb: login as '"
              + login.user()
              + "' to "
              + login.hosts()
              + " failed ("
              + errorMessage(e.getCause() != null ? e.getCause() : e)
              + "): check the user and the password";
    } else if (e instanceof MongoCommandException c && c.getErrorCode() == UNAUTHORIZED) {
      line =
          "mongodb: "
              + (login.user().isEmpty() ? "a login without a user" : "'" + login.user() + "'")
              + " may not "
              + action
              + " on "
              + login.hosts()
              + " ("
              + c.getErrorMessage()
              + "): grant it the read role on "
              + login.database();
    } else if (e instanceof MongoSocketException) {
      // A read cut short: the server restarted, failed over, or something between closed it.
      line =
          "mongodb: lost the connection to "
              + login.hosts()
              + " while trying to "
              + action
              + " ("
              + errorMessage(e)
              + "): the server restarted or closed it; check the network and the server's log,"
              + " then run the job again";
    } else {
      line = "mongodb: could not " + action + " on " + login.hosts() + ": " + errorMessage(e);
    }
    return new SourceException(scrub(line, login), e);
  }

  /** {@code " (Connection refused)"} from a server-selection timeout, or "" when it names none. */
  private static String reason(String message) {
    if (message == null) {
      return "";
    }
    String last = null;
    Matcher m = CAUSE.matcher(message);
    while (m.find()) {
      last = m.group(2).trim();
      if (m.group(1) != null && m.group(1).endsWith("UnknownHostException")) {
        last = "unknown host " + last;
      }
    }
    return last == null || last.isEmpty() ? "" : " (" + last + ")";
  }

  private static String errorMessage(Throwable t) {
    String m =
        t instanceof MongoCommandException c
            ? c.getErrorMessage()
            : t instanceof MongoException && t.getMessage() != null
                ? t.getMessage()
                : String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String scrub(String line, MongoLogin login) {
    String secret = login.password().reveal();
    return secret.isEmpty() ? line : line.replace(secret, "****");
  }
}
