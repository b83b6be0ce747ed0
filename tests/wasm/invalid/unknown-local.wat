(module (func (param i32) (drop (local.get 3))))
