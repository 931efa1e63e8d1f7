/** Running a built pipeline: run ids, progress, counts read back from metrics, the summary. */
package dev.ferry.pipelines.run;
