#include "dossiers/pipe.hpp"

#include <exception>
#include <string>

namespace motcua {

RecordPipe::RecordPipe(std::unique_ptr<DossierReader> reader, bool threaded)
    : m_reader(std::move(reader)), m_blocks(threaded ? k_blocks : 1), m_threaded(threaded) {
  for (auto& b : m_blocks) {
    b.items.resize(k_block_items);
    m_free.push_back(&b);
  }
  if (m_threaded) m_thread = std::thread([this] { run(); });
}

RecordPipe::~RecordPipe() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

bool RecordPipe::fill(Block* b) {
  b->count = 0;
  b->last = false;
  try {
    while (b->count < b->items.size()) {
      Item& it = b->items[b->count];
      it.place.reason.clear(); // readers fill both for every reject; never carry one over
      it.place.original.clear();
      it.kind = m_reader->next(it.dossier, it.place);
      if (it.kind == ReadResult::end) {
        b->last = true;
        break;
      }
      it.progress = m_reader->progress();
      if (it.kind == ReadResult::dossier) it.hash = content_hash(it.dossier);
      ++b->count;
    }
  } catch (const std::exception& e) {
    m_error = make_error(ErrorKind::internal, std::string("reading the input: ") + e.what());
    b->last = true;
  }
  return !b->last;
}

void RecordPipe::run() {
  for (;;) {
    Block* b = nullptr;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_changed.wait(lock, [&] { return m_stop || !m_free.empty(); });
      if (m_stop) return;
      b = m_free.front();
      m_free.pop_front();
    }
    bool more = fill(b);
    {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_full.push_back(b);
    }
    m_changed.notify_all();
    if (!more) return;
  }
}

RecordPipe::Block* RecordPipe::next() {
  if (!m_threaded) { // the one block, filled here; the caller hands it back before asking again
    Block* b = m_free.front();
    m_free.pop_front();
    fill(b);
    return b;
  }
  std::unique_lock<std::mutex> lock(m_mutex);
  m_changed.wait(lock, [&] { return !m_full.empty(); });
  Block* b = m_full.front();
  m_full.pop_front();
  return b;
}

void RecordPipe::done(Block* block) {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_free.push_back(block);
  }
  m_changed.notify_all();
}

Status RecordPipe::finish() {
  if (m_thread.joinable()) m_thread.join();
  if (!m_error) return m_error;
  return m_reader->status();
}

} // namespace motcua
