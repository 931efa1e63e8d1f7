package dev.ferry.schemas.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import dev.ferry.schemas.Secret;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.Test;

class MongoLoginTest {

  @Test
  void theDriverGetsTheUserAndPasswordExactlyAsGiven() {
    String password = "p@ss:w/rd %+ ü";
    MongoLogin login =
        MongoLogin.of(
            "mongodb://db1:27017,db2:27018/crm?authSource=admin", "ana maria", Secret.of(password));

    MongoCredential credential = new ConnectionString(login.revealUri()).getCredential();
    assertEquals("ana maria", credential.getUserName());
    assertEquals(password, new String(credential.getPassword()));
    assertEquals("admin", credential.getSource());
    assertEquals("crm", login.database());
    assertEquals("db1:27017,db2:27018", login.hosts());
  }

  @Test
  void nothingPrintableHoldsThePassword() {
    MongoLogin login =
        MongoLogin.of("mongodb://db:27017/crm?tls=true", "app", Secret.of("secret-77"));

    assertEquals("mongodb://db:27017/crm", login.displayUrl());
    assertEquals("MongoLogin[mongodb://db:27017/crm as app]", login.toString());
    assertFalse(login.settings(Duration.ofSeconds(5)).toString().contains("secret-77"));
  }

  @Test
  void withoutAUserTheUrlGoesAsItIs() {
    MongoLogin login = MongoLogin.of("mongodb+srv://cluster.example.net/crm", null, null);
    assertEquals("mongodb+srv://cluster.example.net/crm", login.revealUri());
    assertEquals(UuidRepresentation.UNSPECIFIED, login.uuidRepresentation());
  }

  @Test
  void settingsWaitShortlyForAServerUnlessTheUrlSaysOtherwise() {
    MongoClientSettings quick =
        MongoLogin.of("mongodb://db/crm", "", null).settings(Duration.ofSeconds(5));
    assertEquals(5000, quick.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
    assertEquals("ferry", quick.getApplicationName());

    MongoClientSettings patient =
        MongoLogin.of("mongodb://db/crm?serverSelectionTimeoutMS=60000&appName=etl", "", null)
            .settings(Duration.ofSeconds(5));
    assertEquals(
        60000, patient.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
    assertEquals("etl", patient.getApplicationName());
  }

  @Test
  void refusesUrlsItCannotUse() {
    IllegalArgumentException inUrl =
        assertThrows(
            IllegalArgumentException.class,
            () -> MongoLogin.of("mongodb://app:hunter2@db:27017/crm", "", null));
    assertTrue(inUrl.getMessage().startsWith("mongodb://db:27017/crm has credentials"));
    assertFalse(inUrl.getMessage().contains("hunter2"));

    IllegalArgumentException noDatabase =
        assertThrows(
            IllegalArgumentException.class, () -> MongoLogin.of("mongodb://db:27017", "", null));
    assertTrue(noDatabase.getMessage().contains("names no database"), noDatabase.getMessage());

    assertThrows(
        IllegalArgumentException.class, () -> MongoLogin.of("jdbc:mysql://db/crm", "", null));
    assertThrows(
        IllegalArgumentException.class, () -> MongoLogin.of("mongodb://db:notaport/crm", "", null));
  }
}
