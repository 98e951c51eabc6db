# lit configuration shared by test/lit (one behaviour per file) and corpus/
# (real-bug reductions). Parameters come from ctest:
#   --param plugin=PATH/rcuctx.so --param clang=clang-19 --param filecheck=PATH
import os
import lit.formats

config.name = 'rcuctx'
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = ['.c', '.test']
config.excludes = ['include', 'Inputs']

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Keep lit's scratch files out of the source tree.
config.test_exec_root = lit_config.params.get('exec_root', '/tmp/rcuctx-lit')
plugin = lit_config.params.get('plugin')
plugin = os.path.abspath(plugin) if plugin else plugin
if not plugin or not os.path.exists(plugin):
    lit_config.fatal('pass --param plugin=PATH to the built rcuctx.so')
clang = lit_config.params.get('clang', 'clang-19')
filecheck = lit_config.params.get('filecheck', '/usr/lib/llvm-19/bin/FileCheck')
notbin = lit_config.params.get('not', '/usr/lib/llvm-19/bin/not')

inc = os.path.join(repo, 'corpus', 'include')
check = '%s -fsyntax-only -Wno-unused-value -fplugin=%s -I%s' % (clang, plugin, inc)
tidy_module = os.path.join(os.path.dirname(plugin), 'librcuctx-tidy.so')
config.substitutions.append(('%rcuctx_tidy', '%s --load=%s' % (lit_config.params.get('clang_tidy', 'clang-tidy-19'), tidy_module)))
config.substitutions.append(('%rcuctx_plugin', plugin))
# The whole-program tool, built beside the plugin.
# (the wrapper runs the same clang as the other tests: the sanitized run's preloading one)
config.substitutions.append(('%rcuctx_check', 'env RCUCTX_CLANG=%s %s' % (clang, os.path.join(os.path.dirname(plugin), 'rcuctx-check'))))
config.substitutions.append(('%rcuctx', os.path.join(os.path.dirname(plugin), 'rcuctx')))
config.substitutions.append(('%expect_exit', 'python3 ' + os.path.join(repo, 'test', 'lit', 'Inputs', 'expect-exit.py')))
config.substitutions.append(('%clang', clang))
config.substitutions.append(('%check', check))
# -verify checks every warning; notes are asserted by FileCheck tests instead.
config.substitutions.append(('%verify', check + ' -Xclang -verify -Xclang -verify-ignore-unexpected=note'))
config.substitutions.append(('%debug_config', '-DCONFIG_PROVE_RCU -DCONFIG_LOCKDEP -DCONFIG_DEBUG_ATOMIC_SLEEP'))
config.substitutions.append(('%repo', repo))
config.substitutions.append(('FileCheck', filecheck))
config.substitutions.append(('not ', notbin + ' '))
config.environment['RCUCTX_RULES_DIR'] = os.path.join(repo, 'rules')
