// BoundedQueue hands items from producer threads to consumer threads with at
// most `capacity` waiting, so a fast producer is slowed to the consumer's
// pace instead of filling memory.
#ifndef ISNAD_BASE_BOUNDED_QUEUE_H_
#define ISNAD_BASE_BOUNDED_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>

namespace isnad {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}

  // Blocks while the queue is full. Returns false, dropping `item`, once
  // the queue is closed: the consumer has gone.
  bool Push(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    lock.unlock();
    ready_.notify_one();
    return true;
  }

  // Blocks while the queue is empty and open. Returns false when it is
  // closed and drained.
  bool Pop(T* item) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    *item = std::move(items_.front());
    items_.pop_front();
    lock.unlock();
    space_.notify_one();
    return true;
  }

  // Pops without waiting; false when the queue is empty.
  bool TryPop(T* item) {
    std::unique_lock<std::mutex> lock(mu_);
    if (items_.empty()) return false;
    *item = std::move(items_.front());
    items_.pop_front();
    lock.unlock();
    space_.notify_one();
    return true;
  }

  // Ends the queue: further pushes fail, pops drain what is left.
  void Close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    ready_.notify_all();
    space_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace isnad

#endif  // ISNAD_BASE_BOUNDED_QUEUE_H_
