"""Pure rules of PDP Desk: calendar, deadlines, identifiers, search keys, ids (no Qt, no SQL)."""
