#include "../../rt.h"
