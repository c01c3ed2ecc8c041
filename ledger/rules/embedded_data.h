// The shipped data files, compiled into gongkai_rules by ledger/rules/embed_data.cmake
// (see replay/CMakeLists.txt), so that no build reads data at run time.
#pragma once

#include <string_view>

namespace gongkai::rules::embedded {

// The bytes of data/calendar/cn-official.calendar.
std::string_view OfficialCalendarText();

}  // namespace gongkai::rules::embedded
