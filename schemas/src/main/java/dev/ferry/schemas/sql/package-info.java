/** SQL text helpers shared by every dialect: identifier and literal quoting. */
package dev.ferry.schemas.sql;
