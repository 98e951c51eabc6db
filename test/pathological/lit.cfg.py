# The hand-written pathological inputs (bench/pathological.py runs them for
# time and memory) are also lit tests, under the shared configuration:
#   lit.py --param plugin=build/checker/rcuctx.so test/pathological
import os
lit_config.load_config(config, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lit.cfg.py'))
config.suffixes = ['.c', '.cpp']
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = os.path.join(lit_config.params.get('exec_root', '/tmp/rcuctx-lit'), 'pathological')
