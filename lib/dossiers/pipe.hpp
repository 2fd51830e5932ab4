#pragma once
// A migration's reading (decoding, parsing, validation) on a thread of its own, handing records
// to the writing thread a block at a time: the two overlap instead of taking turns. A fixed set
// of blocks is reused, their Dossiers keeping their capacity, so memory stays flat. Without a
// thread (--jobs 1) the same blocks are filled on the caller's thread when it asks for the next
// one: the caller's loop is the same either way, so what it writes and reports is too.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "dossiers/parse.hpp"
#include "io/rejects.hpp"
#include "io/stream.hpp"

namespace motcua {

class RecordPipe {
public:
  // One record as the reader gave it: a dossier, or a reject (its reason in `place`).
  struct Item {
    ReadResult kind = ReadResult::end;
    Dossier dossier;
    Reject place;
    Progress progress;      // of the source, after this record
    std::uint64_t hash = 0; // content_hash(dossier), computed here to spare the writing thread
  };
  struct Block {
    std::vector<Item> items;
    size_t count = 0;  // items filled
    bool last = false; // the reader is done after this block (end of input or failure)
  };

  // Starts reading `reader` on a new thread, or (threaded false) reads it on the caller's in next().
  explicit RecordPipe(std::unique_ptr<DossierReader> reader, bool threaded = true);
  // Stops the reader (an error ended the migration early) and joins it.
  ~RecordPipe();
  RecordPipe(const RecordPipe&) = delete;
  RecordPipe& operator=(const RecordPipe&) = delete;

  // The next filled block, in input order (waits for it); hand it back with done() once used.
  Block* next();
  void done(Block* block);
  // After the last block: the reader's status (a source failure, or an exception on its thread).
  Status finish();
  // After finish(): national records whose agency name the catalog does not know (DossierReader's count).
  std::int64_t unresolved_agencies() const { return m_reader->unresolved_agencies(); }

  static constexpr size_t k_blocks = 4;
  static constexpr size_t k_block_items = 1024;

private:
  void run();
  // Fills `b` from the reader (up to a block, or to the end); false once the reader is done.
  bool fill(Block* b);
  std::unique_ptr<DossierReader> m_reader;
  std::vector<Block> m_blocks;
  std::deque<Block*> m_free, m_full;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_stop = false;
  bool m_threaded = true;
  Status m_error; // an exception met on the reading thread
  std::thread m_thread;
};

} // namespace motcua
