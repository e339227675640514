//! WeChat mini-program login: `sns/jscode2session`.
