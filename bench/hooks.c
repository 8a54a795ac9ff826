/* Empty -finstrument-functions hooks: the cost of a call-based hook that
 * records nothing, the floor for any tracer built on them. */
__attribute__((no_instrument_function)) void
__cyg_profile_func_enter(void *fn, void *site) {
  (void)fn;
  (void)site;
  __asm__ volatile("");
}
__attribute__((no_instrument_function)) void
__cyg_profile_func_exit(void *fn, void *site) {
  (void)fn;
  (void)site;
  __asm__ volatile("");
}
