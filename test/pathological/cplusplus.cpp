// Pathological input (bench/pathological.py), compiled as C++17 with
// clang++-19: the plugin is a C checker, but loaded into a C++ compile it
// must not crash. Lambdas, RAII lock guards (constructor takes, destructor
// drops), templates (instantiated and not), a member function and an
// exception-free scope exit. Every lock is balanced and nothing sleeps under
// one: no finding is expected. (If C++ is not analysed, it should say so.)
// RUN: %verify -std=c++17 %s
// RUN: %verify -std=c++17 %debug_config %s
// expected-no-diagnostics
extern "C" {
struct spinlock { unsigned int v; };
typedef struct spinlock spinlock_t;
struct mutex { unsigned int v; };
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
void rcu_read_lock(void);
void rcu_read_unlock(void);
void msleep(unsigned int ms);
void *kmalloc(unsigned long size, unsigned int flags);
}
#define GFP_KERNEL 0xcc0u
#define GFP_ATOMIC 0x820u

class SpinGuard {
public:
  explicit SpinGuard(spinlock_t *l) : l_(l) { spin_lock(l_); }
  ~SpinGuard() { spin_unlock(l_); }
  SpinGuard(const SpinGuard &) = delete;
private:
  spinlock_t *l_;
};

struct RcuReader {
  RcuReader() { rcu_read_lock(); }
  ~RcuReader() { rcu_read_unlock(); }
};

struct Counter {
  spinlock_t lock;
  int n = 0;
  void bump() {
    SpinGuard g(&lock);
    ++n;
  }
  int bump_then_sleep() {
    {
      SpinGuard g(&lock); // dropped at the end of this scope
      ++n;
    }
    msleep(1);            // after the guard: fine
    return n;
  }
};

template <typename T> T locked_add(spinlock_t *l, T &v, T d) {
  spin_lock(l);
  v += d;
  spin_unlock(l);
  return v;
}

template <typename T> T never_instantiated(spinlock_t *l) {
  spin_lock(l);
  T *p = static_cast<T *>(kmalloc(sizeof(T), GFP_ATOMIC));
  spin_unlock(l);
  return *p;
}

int lambdas(spinlock_t *l, int x) {
  auto under_lock = [l](int v) {
    spin_lock(l);
    v *= 2;
    spin_unlock(l);
    return v;
  };
  auto sleeper = [](int v) { msleep(v); return v; };
  int r = under_lock(x);
  r += sleeper(1); // the lambda sleeps, no lock is held here
  [&] { SpinGuard g(l); r++; }();
  return r;
}

int use_templates(spinlock_t *l) {
  int i = 0;
  long j = 0;
  locked_add(l, i, 1);
  locked_add<long>(l, j, 2L);
  return i + (int)j;
}

int reader_scope(spinlock_t *l) {
  int r = 0;
  {
    RcuReader rd;
    r++;
  }
  void *p = kmalloc(16, GFP_KERNEL); // the reader's scope ended
  {
    SpinGuard g(l);
    p = kmalloc(16, GFP_ATOMIC);     // atomic allocation under a spinlock: fine
  }
  return r + (p != nullptr);
}
