# The corpus runs under the same lit configuration as test/lit.
import os
lit_config.load_config(config, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'lit.cfg.py'))
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = os.path.join(lit_config.params.get('exec_root', '/tmp/rcuctx-lit'), 'corpus')
