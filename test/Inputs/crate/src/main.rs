// A cargo project traced through RUSTFLAGS (test/rust/cargo.test).
pub struct User {
    pub id: i64,
    pub name: String,
}

#[inline(never)]
fn welcome(user: &User) -> usize {
    user.name.len() + user.id as usize
}

fn main() {
    let u = User { id: 1, name: String::from("Ruchy") };
    println!("{}", welcome(&u));
}
