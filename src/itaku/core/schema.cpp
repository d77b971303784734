#include "itaku/core/schema.hpp"

namespace itaku::schema {

std::string describe(const Problem& problem) {
  switch (problem.kind) {
    case Problem::Kind::Missing: return "the member " + problem.path + " is missing";
    case Problem::Kind::Type: return "the member " + problem.path + " has the wrong type";
    case Problem::Kind::Value: return "the member " + problem.path + " is not valid (" + problem.detail + ")";
  }
  return problem.path;
}

}  // namespace itaku::schema
