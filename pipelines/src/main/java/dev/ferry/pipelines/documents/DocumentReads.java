package dev.ferry.pipelines.documents;

import dev.ferry.pipelines.plan.CollectionPlan;
import dev.ferry.pipelines.plan.JobPlan;
import dev.ferry.schemas.mongo.MongoLogin;
import dev.ferry.transforms.read.ReadMongoCollection;

/**
 * How a job reads one of its collections: its login, filter and split. Public so {@code ferry
 * verify} reads exactly the documents the load read.
 */
public final class DocumentReads {

  private DocumentReads() {}

  public static ReadMongoCollection of(JobPlan plan, CollectionPlan collection) {
    var source = plan.job().source();
    MongoLogin login = MongoLogin.of(source.url(), source.user(), source.password());
    return ReadMongoCollection.of(login, collection.collection())
        .withFilter(collection.filter())
        .withSplit(collection.split());
  }
}
