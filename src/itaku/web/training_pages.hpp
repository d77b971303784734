#pragma once
// The workers' obligations page (長野市 第4 教育, 第10 秘密保持; 木更津市 第7条 周知, 第2条-2):
// GET /contracts/{id}/workers — each worker's training, acknowledgement and pledges — and the
// forms that record them: POST …/workers/acknowledge, …/training/courses, …/training/sessions,
// …/training/import (a preview, then the record) and …/pledges.

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_training_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
