// Package steps owns the ordered checks of a connection attempt, their
// results, and the catalog that gives every problem code its help-article
// section, title and fix. It calls the exchange package and decides what a
// result means; it prints nothing.
package steps
