/**
 * Making rows fit what the job file says they must be: {@link
 * dev.ferry.transforms.validate.NormalizeRows} cleans text, {@link
 * dev.ferry.transforms.validate.ValidateRows} checks each row against {@link
 * dev.ferry.transforms.validate.ColumnRule}s, and {@link
 * dev.ferry.transforms.validate.RejectDuplicates} enforces unique keys. Each sends rows that do not
 * fit to a {@code FAILED} output of {@link dev.ferry.transforms.deadletter.FailedRow}s instead of
 * dropping them. {@link dev.ferry.transforms.validate.AscendingCheck} checks the order of the rows
 * of one document's array and returns its reasons to the step that flattens documents.
 */
package dev.ferry.transforms.validate;
