#pragma once
// What the itaku command prints passes through a filter that shows control characters and
// bidirectional overrides as \u{XXXX} instead of sending them to the terminal: names, notes
// and texts come from the ledger, and anyone who could record a value could otherwise make a
// terminal beep, recolour, erase a line or reorder what an auditor reads.

#include <memory>
#include <ostream>

namespace itaku::cli {

// Filters `stream` until the returned guard is destroyed (which restores it and flushes).
std::shared_ptr<void> filter_terminal_output(std::ostream& stream);

}  // namespace itaku::cli
