;; memory.init and data.drop name data segment 1; the module has one (index 0)
(module
  (memory 1)
  (data "abc")
  (func
    (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 1))
    (data.drop 1)))
